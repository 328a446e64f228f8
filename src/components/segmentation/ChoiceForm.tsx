import Form from 'next/form';
import type { ReactNode } from 'react';
import { SubmitOnChange } from './DashboardLive';

export const DASHBOARD_PATH = '/analytics/segmentation';

/**
 * One of the dashboard's choices (the period compared with, the trend's span) as a GET form on
 * the dashboard's address: without JavaScript its button applies it; with it (next/form) the
 * figures arrive by client navigation as soon as the select changes. The other choices ride
 * along as hidden fields.
 */
export function ChoiceForm(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  submit: string;
  /** The page's other choices, kept when this one changes. */
  keep: Record<string, string>;
  /** Grow the select to the row's width (the period's long names; on a phone under its label), or keep it to its options. */
  grow?: boolean;
  children: ReactNode;
}) {
  const { id, name, label, value, submit, keep, grow, children } = props;
  return (
    <Form action={DASHBOARD_PATH} scroll={false} className="flex flex-wrap items-center gap-x-2 gap-y-1">
      {/* A growing select has the row to itself on a phone, so a long name ("November 30, 2025") shows whole. */}
      <label htmlFor={id} className={`shrink-0 text-sm font-semibold text-slate-800 ${grow ? 'w-full sm:w-auto' : ''}`}>
        {label}
      </label>
      <SubmitOnChange
        id={id}
        name={name}
        defaultValue={value}
        className={`min-h-11 rounded-lg border border-slate-300 bg-white px-2 ${grow ? 'min-w-0 flex-1 sm:max-w-xs' : ''}`}
      >
        {children}
      </SubmitOnChange>
      {Object.entries(keep).map(([field, kept]) => (
        <input key={field} type="hidden" name={field} value={kept} />
      ))}
      <button
        type="submit"
        className="min-h-11 shrink-0 rounded-lg border border-slate-300 bg-white px-3 text-sm font-semibold text-slate-800 hover:bg-slate-50"
      >
        {submit}
      </button>
    </Form>
  );
}
