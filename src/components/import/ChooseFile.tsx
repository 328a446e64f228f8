/** The wizard's first step: how the file is applied (merge or replace) and which file. */
const MODES = [
  {
    value: 'merge',
    name: 'Merge',
    meaning: 'add new customers and policies, update the ones in the file, leave the rest as they are.',
  },
  { value: 'replace', name: 'Replace', meaning: 'the file is your whole book: policies not in it are marked expired (never deleted).' },
] as const;

export function ChooseFile({
  mode,
  onMode,
  onFile,
}: {
  mode: 'merge' | 'replace';
  onMode: (mode: 'merge' | 'replace') => void;
  onFile: (file: File) => void;
}) {
  return (
    <div className="space-y-4">
      <fieldset className="space-y-2">
        <legend className="font-semibold">How should the file be applied?</legend>
        {MODES.map(({ value, name, meaning }) => (
          <label key={value} className="flex min-h-11 items-start gap-2">
            <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => onMode(value)} className="mt-1 size-5" />
            <span>
              <strong>{name}</strong> — {meaning}
            </span>
          </label>
        ))}
      </fieldset>
      <label className="block">
        <span className="font-semibold">CSV file</span>
        <span className="block text-sm text-slate-600">Comma, semicolon or tab separated; UTF-8 or Windows-1252; up to 200 MB.</span>
        <input
          type="file"
          accept=".csv,.txt,.tsv,text/csv"
          className="mt-2 block min-h-11 w-full rounded-lg border border-slate-300 p-2"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) onFile(file);
          }}
        />
      </label>
    </div>
  );
}
