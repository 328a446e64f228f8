import type { Metadata } from 'next';
import { BackLink } from '@/components/layout/BackLink';
import { formatCurrencyCents, formatDate } from '@/components/format';
import { getCustomerDetail } from '@/lib/customers/use-cases/get-customer';
import { safeListReturn } from '@/lib/customers/lists';
import { loadPageData } from '@/lib/http/run-page-use-case';
import { TIER_INFO, type Tier } from '@/lib/segmentation/tiers';

export const metadata: Metadata = { title: 'Customer' };

/**
 * One customer: details (PII per role), policies and, for organizations, contacts. Opened from a
 * list, its back link returns to that list as it was (`from`, validated: only this site's lists).
 */
export default async function CustomerPage({
  params,
  searchParams,
}: {
  params: Promise<{ customerId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { customerId } = await params;
  const { from } = await searchParams;
  const outcome = await loadPageData(getCustomerDetail, { path: `/customers/${customerId}`, params: { customerId } });
  if (!outcome) return null;
  const { customer, policies, contacts, tier } = outcome.value;
  const tierName = (value: string | null) => (value ? TIER_INFO[value as Tier].label : 'no policy in force');
  return (
    <div className="space-y-6">
      <BackLink to={safeListReturn(typeof from === 'string' ? from : undefined)} />
      <header>
        <h1 className="text-2xl font-bold" data-testid="customer-name">
          {customer.name ?? customer.externalId}
        </h1>
        <p className="mt-1 text-slate-700">
          {customer.externalId} · {customer.kind === 'organization' ? 'Organization' : 'Individual'}
          {customer.email ? ` · ${customer.email}` : ''}
          {customer.phone ? ` · ${customer.phone}` : ''}
        </p>
        {tier && (
          <p className="mt-1 text-slate-700" data-testid="customer-tier">
            Tier: <strong>{tierName(tier.current)}</strong>
            {tier.previous !== null || tier.changedOn
              ? ` · previously ${tierName(tier.previous)}, changed ${tier.changedOn ? formatDate(tier.changedOn) : ''}`
              : ' · unchanged since it was first computed'}
          </p>
        )}
      </header>
      <section aria-labelledby="policies-heading" className="rounded-2xl border border-slate-200 bg-white p-4">
        <h2 id="policies-heading" className="text-lg font-bold">
          Policies
        </h2>
        <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label="Policies table">
          <table className="w-full min-w-[36rem] text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                <th className="py-2 pr-3 font-semibold">Policy</th>
                <th className="py-2 pr-3 font-semibold">Line</th>
                <th className="py-2 pr-3 text-right font-semibold">Annual premium</th>
                <th className="py-2 pr-3 font-semibold">Effective</th>
                <th className="py-2 pr-3 font-semibold">Expires</th>
                <th className="py-2 font-semibold">Status</th>
              </tr>
            </thead>
            <tbody>
              {policies.map((policy) => (
                <tr key={policy.id} className="border-t border-slate-100">
                  <td className="py-2 pr-3">{policy.externalId}</td>
                  <td className="py-2 pr-3">{policy.lineOfBusiness}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatCurrencyCents(Number(policy.annualPremium))}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">{formatDate(policy.effectiveDate)}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">{policy.expirationDate ? formatDate(policy.expirationDate) : '—'}</td>
                  <td className="py-2 capitalize">{policy.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {contacts.length > 0 && (
        <section aria-labelledby="contacts-heading" className="rounded-2xl border border-slate-200 bg-white p-4">
          <h2 id="contacts-heading" className="text-lg font-bold">
            Contacts
          </h2>
          <ul className="mt-2 space-y-2">
            {contacts.map((contact) => (
              <li key={contact.id} className="text-sm">
                <span className="font-semibold">{contact.name ?? '—'}</span>
                {contact.isPrimary ? ' (primary)' : ''}
                {contact.role ? ` · ${contact.role}` : ''}
                {contact.email ? ` · ${contact.email}` : ''}
                {contact.phone ? ` · ${contact.phone}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
