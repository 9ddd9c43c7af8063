import { useMutation, useQuery } from '@apollo/client';
import { useState } from 'react';
import { RECOGNITION, REDEEM_REWARD } from '../../api/queries';
import { PointsBalance, RecognitionData } from '../../api/types';
import { ErrorNote, Loading } from '../../components/QueryState';

const day = (iso: string) => iso.slice(0, 10);

/** Badges held, the points balance and its ledger, and the rewards points buy (issue 9). */
export function RecognitionSection({ employeeId, mine }: { employeeId: string; mine: boolean }) {
  const { data, error, loading } = useQuery<RecognitionData>(RECOGNITION, { variables: { employeeId: mine ? null : employeeId } });
  const [redeem, redeeming] = useMutation<{ redeemReward: PointsBalance }>(REDEEM_REWARD, { refetchQueries: [RECOGNITION], awaitRefetchQueries: true });
  const [said, setSaid] = useState<string | null>(null);
  const names = new Map((data?.badges ?? []).map((b) => [b.id, b]));
  const balance = data?.points.balance ?? 0;

  const buy = async (id: string, name: string) => {
    setSaid(null);
    try {
      const r = await redeem({ variables: { reward: id } });
      setSaid(`You redeemed ${name}: ${r.data?.redeemReward.balance ?? '?'} points left.`);
    } catch {
      /* shown from the mutation state */
    }
  };

  return (
    <section aria-labelledby="recognition-h" className="recognition">
      <h2 id="recognition-h">Badges and points</h2>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="badges and points" />}
      {data && (
        <div className="two-col">
          <div>
            <h3>Badges</h3>
            {data.achievements.length === 0 ? (
              <p className="help">No badges yet.</p>
            ) : (
              <ul className="badges">
                {data.achievements.map((a) => (
                  <li key={a.id} data-badge={a.badge}>
                    <strong>{names.get(a.badge)?.name ?? a.badge}</strong> <span className="help">{day(a.awardedAt)}</span>
                    <br />
                    {a.reason ?? names.get(a.badge)?.description}
                    {a.points > 0 && <span className="points"> +{a.points} points</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h3>Points</h3>
            <p className="points-balance" data-balance={balance}>
              <strong>{balance}</strong> points <span className="help">(earned {data.points.earned}, spent {data.points.spent})</span>
            </p>
            {data.pointsLedger.length > 0 && (
              <details>
                <summary>Latest points</summary>
                <ul className="ledger">
                  {data.pointsLedger.map((e) => (
                    <li key={e.id}>
                      {day(e.at)} {e.kind === 'spent' ? '−' : '+'}
                      {Math.abs(e.points)} {e.reason}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            <h3>Rewards</h3>
            <ul className="rewards">
              {data.rewards.map((r) => (
                <li key={r.id} data-reward={r.id}>
                  <span>
                    {r.name} <span className="help">({r.cost} points)</span>
                  </span>
                  {mine && (
                    <button type="button" className="secondary" disabled={r.cost > balance || redeeming.loading} onClick={() => void buy(r.id, r.name)}>
                      Redeem<span className="visually-hidden"> {r.name}</span>
                      {r.cost > balance && <span className="visually-hidden"> (not enough points)</span>}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            {redeeming.error && <ErrorNote error={redeeming.error} />}
            <p role="status" className="said">
              {said}
            </p>
          </div>
        </div>
      )}
    </section>
  );
}
