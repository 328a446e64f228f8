/**
 * One operation of the API reference page (/help/api), server-rendered: no script. Long paths and
 * examples wrap inside their own box, so a phone never scrolls the page sideways and no region
 * needs a keyboard stop of its own to be read.
 */
import type { ReferenceExample, ReferenceOperation, ReferenceParameter } from '@/lib/api/openapi/reference';

/** The document's descriptions use two pieces of Markdown: `**bold**` and `code`. */
export function InlineMarkdown({ text }: { text: string }) {
  return text.split(/(\*\*[^*]+\*\*|`[^`]+`)/).map((part, index) => {
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4) return <strong key={index}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2)
      return (
        <code key={index} className="rounded bg-slate-100 px-1 font-mono text-[0.9em] wrap-anywhere">
          {part.slice(1, -1)}
        </code>
      );
    return part;
  });
}

const METHOD_COLOURS: Record<string, string> = {
  GET: 'bg-emerald-100 text-emerald-900',
  POST: 'bg-sky-100 text-sky-900',
  PUT: 'bg-amber-100 text-amber-900',
  PATCH: 'bg-violet-100 text-violet-900',
  DELETE: 'bg-rose-100 text-rose-900',
};

export function MethodBadge({ method }: { method: string }) {
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 font-mono text-xs font-bold ${METHOD_COLOURS[method] ?? 'bg-slate-100'}`}>
      {method}
    </span>
  );
}

/** Parameters or fields, one per row: name, where, type, required, description (stacked on a phone). */
export function ParameterList({ parameters, label }: { parameters: ReferenceParameter[]; label: string }) {
  return (
    <ul aria-label={label} className="mt-1 divide-y divide-slate-100 border-y border-slate-100 text-sm">
      {parameters.map((parameter) => (
        <li key={`${parameter.where} ${parameter.name}`} className="gap-x-4 py-2 sm:grid sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]">
          <div className="wrap-anywhere">
            <code className="font-mono font-semibold">{parameter.name}</code>{' '}
            <span className="text-slate-600">
              {[parameter.where === 'body' ? null : `in ${parameter.where}`, parameter.required ? 'required' : 'optional']
                .filter(Boolean)
                .join(', ')}
            </span>
          </div>
          <div className="wrap-anywhere text-slate-800">
            <InlineMarkdown text={parameter.type} />
            {parameter.description ? (
              <p className="text-slate-700">
                <InlineMarkdown text={parameter.description} />
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

function Example({ example, label }: { example: ReferenceExample; label: string }) {
  return (
    <figure className="mt-2">
      <figcaption className="text-xs text-slate-600">
        {label} <code className="font-mono">{example.mediaType}</code>
      </figcaption>
      <pre className="mt-1 rounded-lg bg-slate-900 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap text-slate-50 wrap-anywhere">
        {example.text}
      </pre>
    </figure>
  );
}

export function ApiOperationSection({ operation }: { operation: ReferenceOperation }) {
  const { id, method, path, summary, success } = operation;
  return (
    <article
      id={id}
      aria-labelledby={`${id}-title`}
      className="scroll-mt-4 border-t border-slate-200 pt-5"
      data-operation={`${method} ${path}`}
    >
      <h3 id={`${id}-title`} className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <MethodBadge method={method} /> <code className="font-mono text-base font-semibold wrap-anywhere">{path}</code>{' '}
        <span className="text-base font-semibold text-slate-700">— {summary}</span>
      </h3>
      {operation.description.map((paragraph) => (
        <p key={paragraph} className="mt-2 max-w-3xl text-sm text-slate-800">
          <InlineMarkdown text={paragraph} />
        </p>
      ))}
      <p className="mt-2 text-sm text-slate-800">
        <strong>Authentication:</strong> <span className="wrap-anywhere">{operation.authentication}</span>
      </p>
      {operation.parameters.length > 0 ? (
        <>
          <h4 className="mt-4 text-sm font-semibold">Parameters</h4>
          <ParameterList parameters={operation.parameters} label={`Parameters of ${method} ${path}`} />
        </>
      ) : null}
      {operation.requestBody ? (
        <>
          <h4 className="mt-4 text-sm font-semibold">Request body</h4>
          {operation.requestBody.description ? <p className="text-sm text-slate-800">{operation.requestBody.description}</p> : null}
          <Example example={operation.requestBody} label="Example," />
        </>
      ) : null}
      <h4 className="mt-4 text-sm font-semibold">
        Success: {success.status} {success.description}
      </h4>
      {success.headers.length > 0 ? <p className="text-sm wrap-anywhere text-slate-700">Headers: {success.headers.join(', ')}</p> : null}
      {success.example ? <Example example={success.example} label={`Example ${success.status},`} /> : null}
      {operation.problems.length > 0 ? (
        <>
          <h4 className="mt-4 text-sm font-semibold">Problems it can answer</h4>
          <dl className="mt-1 text-sm">
            {operation.problems.map((problem) => (
              <div key={problem.status} className="flex gap-3 py-0.5">
                <dt className="w-10 shrink-0 font-mono font-semibold">{problem.status}</dt>
                <dd className="text-slate-700">
                  <InlineMarkdown text={problem.description} />
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </article>
  );
}
