/** A refused call: its code, the code's name, what the server said and what to do about it. */
import type { ErrorBody } from '../api/contract.js';
import { explain } from '../model/advice.js';

export function Rejection(props: { code: number; name?: string | undefined; message?: string | undefined; issues?: ErrorBody['issues'] | undefined; title?: string }) {
  const e = explain(props.code, props.name, props.message);
  return (
    <div class="rejection" role="alert" data-code={e.code}>
      <p class="rejection-title">
        {props.title ?? 'Refused'}: <strong>{e.code}</strong> <code>{e.name}</code>
      </p>
      {e.message ? <p>{e.message}</p> : null}
      <p class="advice">
        <strong>What to do:</strong> {e.advice}
      </p>
      {props.issues && props.issues.length > 0 ? (
        <ul class="issues">
          {props.issues.map((issue, i) => (
            <li key={i}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
