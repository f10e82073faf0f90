/**
 * The instruction editor: rows of property name, type and value, sent as the input buffer in the
 * shared JSON form (docs/proplist.md), e.g. "Virtual Machine" dword 1 -> {"Virtual Machine":
 * {"type": "dword", "value": 1}}. Each row is a labelled fieldset; problems show on their row.
 */
import { INSTRUCTION_TYPES, VALUE_HINTS, type InstructionRow, type InstructionType } from '../model/instructions.js';

export function InstructionEditor(props: { rows: readonly InstructionRow[]; problems: ReadonlyMap<number, string>; onChange: (rows: InstructionRow[]) => void }) {
  const { rows, problems, onChange } = props;
  const set = (index: number, change: Partial<InstructionRow>): void => onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const remove = (index: number): void => onChange(rows.filter((_, i) => i !== index));
  return (
    <fieldset class="instructions">
      <legend>Instructions (property list passed to each resource)</legend>
      {rows.length === 0 ? <p class="muted">No instructions: the resources get an empty input buffer.</p> : null}
      {rows.map((row, index) => {
        const id = `instruction-${index}`;
        const problem = problems.get(index);
        return (
          <div class="instruction-row" key={index} data-row={index}>
            <label>
              <span>Property name</span>
              <input id={`${id}-name`} type="text" value={row.name} placeholder="Virtual Machine" onInput={(e) => set(index, { name: e.currentTarget.value })} />
            </label>
            <label>
              <span>Type</span>
              <select id={`${id}-type`} value={row.type} onChange={(e) => set(index, { type: e.currentTarget.value as InstructionType })}>
                {INSTRUCTION_TYPES.map((type) => (
                  <option value={type} key={type}>
                    {type}
                  </option>
                ))}
              </select>
            </label>
            <label class="grow">
              <span>Value</span>
              {row.type === 'multi_sz' || row.type === 'property_list' ? (
                <textarea id={`${id}-value`} rows={2} value={row.value} placeholder={VALUE_HINTS[row.type]} aria-invalid={problem !== undefined} aria-describedby={problem ? `${id}-problem` : undefined} onInput={(e) => set(index, { value: e.currentTarget.value })} />
              ) : (
                <input id={`${id}-value`} type="text" value={row.value} placeholder={VALUE_HINTS[row.type]} aria-invalid={problem !== undefined} aria-describedby={problem ? `${id}-problem` : undefined} onInput={(e) => set(index, { value: e.currentTarget.value })} />
              )}
            </label>
            <button type="button" class="secondary" onClick={() => remove(index)} aria-label={`Remove instruction ${index + 1}${row.name ? ` (${row.name})` : ''}`}>
              Remove
            </button>
            {problem ? (
              <p class="row-problem" id={`${id}-problem`} role="alert">
                {problem}
              </p>
            ) : null}
          </div>
        );
      })}
      <button type="button" class="secondary" onClick={() => onChange([...rows, { name: '', type: 'dword', value: '' }])}>
        Add instruction
      </button>
    </fieldset>
  );
}
