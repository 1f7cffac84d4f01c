/**
 * Form controls of the management screens, labelled like the shared Field:
 * a hint under the label and the error (client or server) under the control,
 * both tied to it with aria-describedby.
 */
import type { ComponentChildren, Ref, RefObject, TargetedEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type DurationDraft, type DurationUnit, UNITS } from './duration';

function describedBy(id: string, hint?: string, error?: string | null): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <p class="field-hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

export function FieldError({ id, error }: { id: string; error?: string | null }) {
  return error ? (
    <p class="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

interface BaseProps {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  disabled?: boolean;
}

export interface Option<T extends string> {
  value: T;
  label: string;
}

interface SelectFieldProps<T extends string> extends BaseProps {
  value: T;
  options: Option<T>[];
  onChange: (value: T) => void;
}

export function SelectField<T extends string>({ id, label, hint, error, disabled, value, options, onChange }: SelectFieldProps<T>) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <select
        id={id}
        name={id}
        value={value}
        disabled={disabled}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e: TargetedEvent<HTMLSelectElement>) => onChange(e.currentTarget.value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

interface TextAreaFieldProps extends BaseProps {
  value: string;
  onInput: (value: string) => void;
  rows?: number;
  maxLength?: number;
  inputRef?: Ref<HTMLTextAreaElement>;
}

export function TextAreaField({ id, label, hint, error, disabled, value, onInput, rows = 3, maxLength, inputRef }: TextAreaFieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <textarea
        id={id}
        name={id}
        rows={rows}
        value={value}
        ref={inputRef}
        maxLength={maxLength}
        disabled={disabled}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onInput={(e: TargetedEvent<HTMLTextAreaElement>) => onInput(e.currentTarget.value)}
      />
      <FieldError id={id} error={error} />
    </div>
  );
}

interface NumberFieldProps extends BaseProps {
  value: string;
  onInput: (value: string) => void;
  min?: number;
  max?: number;
}

export function NumberField({ id, label, hint, error, disabled, value, onInput, min, max }: NumberFieldProps) {
  return (
    <div class="field field-short">
      <label for={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <input
        id={id}
        name={id}
        type="number"
        inputMode="numeric"
        value={value}
        min={min}
        max={max}
        step={1}
        disabled={disabled}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onInput={(e: TargetedEvent<HTMLInputElement>) => onInput(e.currentTarget.value)}
      />
      <FieldError id={id} error={error} />
    </div>
  );
}

interface CheckboxFieldProps extends BaseProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function CheckboxField({ id, label, hint, error, disabled, checked, onChange }: CheckboxFieldProps) {
  return (
    <div class="field checkbox-field">
      <label for={id}>
        <input
          id={id}
          name={id}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(id, hint, error)}
          onChange={(e: TargetedEvent<HTMLInputElement>) => onChange(e.currentTarget.checked)}
        />
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <FieldError id={id} error={error} />
    </div>
  );
}

const UNIT_LABELS: Record<DurationUnit, string> = { seconds: 'seconds', minutes: 'minutes', hours: 'hours' };

interface DurationFieldProps extends BaseProps {
  value: DurationDraft;
  onChange: (value: DurationDraft) => void;
}

/** An amount and its unit (seconds, minutes, hours); the form converts to seconds. */
export function DurationField({ id, label, hint, error, disabled, value, onChange }: DurationFieldProps) {
  const described = describedBy(id, hint, error);
  return (
    <div class="field field-duration">
      <label for={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <div class="duration-inputs">
        <input
          id={id}
          name={id}
          type="text"
          inputMode="decimal"
          value={value.amount}
          disabled={disabled}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
          onInput={(e: TargetedEvent<HTMLInputElement>) => onChange({ ...value, amount: e.currentTarget.value })}
        />
        <select
          id={`${id}-unit`}
          aria-label={`${label}: unit`}
          value={value.unit}
          disabled={disabled}
          onChange={(e: TargetedEvent<HTMLSelectElement>) => onChange({ ...value, unit: e.currentTarget.value as DurationUnit })}
        >
          {UNITS.map((unit) => (
            <option key={unit} value={unit}>
              {UNIT_LABELS[unit]}
            </option>
          ))}
        </select>
      </div>
      <FieldError id={id} error={error} />
    </div>
  );
}

/** A group of checkboxes, one per option (e.g. teams), in a fieldset. */
interface CheckboxGroupProps {
  id: string;
  legend: string;
  hint?: string;
  options: Option<string>[];
  selected: string[];
  onChange: (selected: string[]) => void;
  error?: string | null;
  disabled?: boolean;
  empty?: ComponentChildren;
}

export function CheckboxGroup({ id, legend, hint, options, selected, onChange, error, disabled, empty }: CheckboxGroupProps) {
  const toggle = (value: string, on: boolean) =>
    onChange(on ? [...selected.filter((v) => v !== value), value] : selected.filter((v) => v !== value));
  return (
    <fieldset class="field checkbox-group" aria-describedby={describedBy(id, hint, error)} disabled={disabled}>
      <legend>{legend}</legend>
      <Hint id={id} hint={hint} />
      {options.length === 0 && empty}
      <ul class="checkbox-list">
        {options.map((o) => (
          <li key={o.value}>
            <label>
              <input
                type="checkbox"
                name={id}
                value={o.value}
                checked={selected.includes(o.value)}
                onChange={(e: TargetedEvent<HTMLInputElement>) => toggle(o.value, e.currentTarget.checked)}
              />
              {o.label}
            </label>
          </li>
        ))}
      </ul>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

/**
 * Moves focus to the form's first invalid control whenever a new set of
 * errors comes in, so keyboard and screen reader users land on the problem.
 */
export function useFocusFirstError(form: RefObject<HTMLElement | null>, errors: Record<string, string | null | undefined>): void {
  useEffect(() => {
    if (!Object.values(errors).some(Boolean)) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
}

/** A form's field errors, keyed by API field name, and the ref its `<form>` takes so focus lands on the first invalid control. */
export function useFormErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);
  return { errors, setErrors, formRef };
}
