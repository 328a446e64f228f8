/** The CSV template (src/lib/import/template.ts): every column under its canonical name, with example rows. */
export function TemplateDownload({ className = '' }: { className?: string }) {
  return (
    <a href="/api/customers/import/template" download className={`inline-flex min-h-11 items-center font-semibold underline ${className}`}>
      Download the CSV template
    </a>
  );
}
