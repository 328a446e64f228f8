/** What members who may not import see on the import pages (SPEC §3: owners and admins import). */
export function ImportNotAllowed({ agencyName }: { agencyName: string }) {
  return (
    <section className="rounded-2xl border border-slate-200 bg-white p-6">
      <h1 className="text-xl font-bold">Import book of business</h1>
      <p className="mt-2 text-slate-700">Only owners and admins of {agencyName} can import files. Ask one of them to import yours.</p>
    </section>
  );
}
