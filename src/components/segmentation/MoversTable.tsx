import { formatCurrencyCents } from '@/components/format';
import type { Mover } from '@/lib/customers/movers';
import { CustomerLink } from './ListParts';
import { stateLabel } from './MovementSankey';

const money = (amount: string) => formatCurrencyCents(Number(amount));

/** "+$1,600.00 gained", "−$6,000.00 lost": the direction in words as well as colour. */
function Moved({ amount }: { amount: string }) {
  const value = Number(amount);
  if (value === 0) return <span>{money(amount)}</span>;
  return value > 0 ? (
    <span className="font-semibold text-emerald-800">+{money(amount)} gained</span>
  ) : (
    <span className="font-semibold text-red-800">−{money(amount.replace(/^-/, ''))} lost</span>
  );
}

/**
 * One page of movers: who, their tier then and now, and the premium moved. In a region that
 * scrolls sideways on a phone (the page itself does not), named by its caption.
 */
export function MoversTable({ movers, caption, returnTo }: { movers: Mover[]; caption: string; returnTo: string }) {
  return (
    <div
      className="overflow-x-auto rounded-2xl border border-slate-200 bg-white"
      tabIndex={0}
      role="region"
      aria-labelledby="movers-caption"
    >
      <table className="w-full min-w-[46rem] text-left text-sm" data-testid="movers">
        <caption id="movers-caption" className="px-3 pt-3 text-left font-semibold text-slate-800">
          {caption}
        </caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">
              Customer
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Email
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Tier then → now
            </th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">
              Premium then
            </th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">
              Premium now
            </th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">
              Premium moved
            </th>
          </tr>
        </thead>
        <tbody>
          {movers.map((mover) => (
            <tr key={mover.id} className="border-t border-slate-100">
              <td className="px-3 py-2">
                <CustomerLink id={mover.id} externalId={mover.externalId} name={mover.name} returnTo={returnTo} />
              </td>
              <td className="px-3 py-2 break-all">{mover.email ?? '—'}</td>
              <td className="px-3 py-2" data-testid="mover-tiers">
                {stateLabel(mover.from)} → {stateLabel(mover.to)}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{money(mover.premiumFrom)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{money(mover.premiumTo)}</td>
              <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums" data-testid="mover-moved">
                <Moved amount={mover.premiumMoved} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export { Moved };
