import type { Metadata } from 'next';
import { ApiOperationSection, InlineMarkdown, MethodBadge, ParameterList } from '@/components/help/ApiOperationSection';
import { HelpPagesNav } from '@/components/help/HelpPagesNav';
import { apiReference } from '@/lib/api/openapi/reference';

export const metadata: Metadata = { title: 'API reference' };

const tocLink = 'flex min-h-11 min-w-11 items-center gap-2 rounded-lg px-2 text-sm hover:bg-slate-100';

/**
 * The API reference, for the people who connect another system: every operation of the OpenAPI
 * document (/api/openapi.json), grouped by tag. It shows no agency data, but like the other help
 * pages it is one of the signed-in pages (the document itself is public).
 */
export default function ApiReferencePage() {
  const reference = apiReference();
  return (
    <div className="space-y-6">
      <HelpPagesNav current="/help/api" />
      <header>
        <h1 className="text-2xl font-bold">API reference</h1>
        <p className="mt-1 text-sm text-slate-600">
          {reference.title}, version {reference.version}.{' '}
          <a href="/api/openapi.json" className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline">
            The OpenAPI 3.1 document (JSON)
          </a>{' '}
          is the same reference for code generators and API tools.
        </p>
        {reference.description.map((paragraph) => (
          <p key={paragraph} className="mt-2 max-w-3xl text-slate-800">
            <InlineMarkdown text={paragraph} />
          </p>
        ))}
      </header>

      <nav aria-labelledby="contents-heading" className="rounded-2xl border border-slate-200 bg-white p-5">
        <h2 id="contents-heading" className="text-lg font-semibold">
          Contents
        </h2>
        <ul className="mt-2 gap-x-6 md:columns-2">
          <li className="break-inside-avoid">
            <a href="#errors" className={`${tocLink} font-semibold`}>
              Errors
            </a>
          </li>
          {reference.tags.map((tag) => (
            <li key={tag.id} className="mt-2 break-inside-avoid">
              <a href={`#${tag.id}`} className={`${tocLink} font-semibold`}>
                {tag.name}
              </a>
              <ul className="ml-2">
                {tag.operations.map((operation) => (
                  <li key={operation.id}>
                    <a href={`#${operation.id}`} className={tocLink}>
                      <MethodBadge method={operation.method} /> <span className="font-mono wrap-anywhere">{operation.path}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </nav>

      <section id="errors" aria-labelledby="errors-heading" className="scroll-mt-4 rounded-2xl border border-slate-200 bg-white p-5">
        <h2 id="errors-heading" className="text-lg font-semibold">
          Errors
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-800">
          Every error answer is <code className="font-mono">application/problem+json</code> with these fields; each operation lists the
          statuses it can answer.
        </p>
        <ParameterList parameters={reference.problemFields} label="Fields of a problem" />
      </section>

      {reference.tags.map((tag) => (
        <section
          key={tag.id}
          id={tag.id}
          aria-labelledby={`${tag.id}-heading`}
          className="scroll-mt-4 rounded-2xl border border-slate-200 bg-white p-5"
        >
          <h2 id={`${tag.id}-heading`} className="text-xl font-bold">
            {tag.name}
          </h2>
          {tag.description ? <p className="mt-1 text-sm text-slate-700">{tag.description}</p> : null}
          <div className="mt-4 space-y-6">
            {tag.operations.map((operation) => (
              <ApiOperationSection key={operation.id} operation={operation} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
