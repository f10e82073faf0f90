/**
 * The dry run's plan (`plan: true`): which resources go in which order. Steps of one wave have all
 * their `after` steps in earlier waves and run in parallel; the planner's own text is one click away.
 */
import type { PlanView } from '../api/contract.js';
import { isAccepted } from '../model/advice.js';
import { planWaves } from '../model/plan-order.js';
import { Rejection } from './rejection.js';

export function PlanPreview(props: { plan: PlanView | null; pending: boolean; answer: { code: number; name: string; message: string } | null }) {
  const { plan, pending, answer } = props;
  return (
    <section class="plan" aria-labelledby="plan-title" aria-busy={pending}>
      <h3 id="plan-title">Plan (dry run){pending ? <span class="muted"> · updating…</span> : null}</h3>
      {answer && !isAccepted(answer.code) ? <Rejection code={answer.code} name={answer.name} message={answer.message} title="The dry run is refused" /> : null}
      {plan && isAccepted(plan.code) && plan.steps.length === 0 ? <p class="muted">Nothing to do: every resource in scope is already there (answer 0).</p> : null}
      {plan && plan.steps.length > 0 ? (
        <ol class="plan-waves">
          {planWaves(plan.steps).map((wave, index) => (
            <li key={index}>
              <span class="wave-label">{wave.length > 1 ? `Wave ${index + 1} (in parallel)` : `Wave ${index + 1}`}</span>
              <ul>
                {wave.map((step) => (
                  <li key={step.id} class="plan-step" data-step={step.id}>
                    <span class="step-id">#{step.id + 1}</span> <span class={`action action-${step.action}`}>{step.action}</span> <strong>{step.resource}</strong>
                    <span class="muted"> {step.after.length === 0 ? '— first' : `— after ${step.after.map((id) => `#${id + 1}`).join(', ')}`}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      ) : null}
      {plan ? (
        <details>
          <summary>Planner text</summary>
          <pre class="plan-text">{plan.text}</pre>
        </details>
      ) : null}
    </section>
  );
}
