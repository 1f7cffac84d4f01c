/**
 * The appearance part of the widget form: colour (picker and text), title,
 * greeting, corner and language, with a live preview of the chat button as
 * visitors will see it on the website.
 */
import type { TargetedEvent } from 'preact';
import type { WidgetAppearance, WidgetLanguage } from '../api/management';
import { Field } from '../components/Field';
import { FieldError, SelectField, TextAreaField } from './fields';
import {
  contrastOn,
  DEFAULT_APPEARANCE,
  GREETING_MAX,
  isColor,
  LANGUAGES,
  POSITIONS,
  positionName,
  TITLE_MAX,
} from './widgetAppearance';

interface Props {
  /** Prefix of the controls' ids ("widget-new", "widget-edit"). */
  id: string;
  value: WidgetAppearance;
  onChange: (value: WidgetAppearance) => void;
  errors: Record<string, string>;
}

export function WidgetAppearanceFields({ id, value, onChange, errors }: Props) {
  const set = <K extends keyof WidgetAppearance>(key: K, v: WidgetAppearance[K]) => onChange({ ...value, [key]: v });
  const colorId = `${id}-color`;
  const positionId = `${id}-position`;
  const colorDescribed = [`${colorId}-hint`, errors.color ? `${colorId}-error` : ''].filter(Boolean).join(' ');
  // The picker only takes a complete colour; it shows the last valid one while the text is being typed.
  const pickerValue = isColor(value.color) ? value.color.trim().toLowerCase() : DEFAULT_APPEARANCE.color;

  return (
    <fieldset class="plain-fieldset stack widget-appearance">
      <legend>Appearance</legend>
      <div class="widget-appearance-grid">
        <div class="stack">
          <div class="field">
            <label for={colorId}>Colour</label>
            <p class="field-hint" id={`${colorId}-hint`}>
              Of the chat button and the panel's header, as #rrggbb.
            </p>
            <div class="color-row">
              <input
                type="color"
                class="color-picker"
                aria-label="Pick the colour"
                aria-describedby={`${colorId}-hint`}
                value={pickerValue}
                onInput={(e: TargetedEvent<HTMLInputElement>) => set('color', e.currentTarget.value)}
              />
              <input
                id={colorId}
                name={colorId}
                type="text"
                class="mono color-text"
                value={value.color}
                maxLength={7}
                spellcheck={false}
                autoComplete="off"
                aria-invalid={errors.color ? 'true' : undefined}
                aria-describedby={colorDescribed}
                onInput={(e: TargetedEvent<HTMLInputElement>) => set('color', e.currentTarget.value)}
              />
            </div>
            <FieldError id={colorId} error={errors.color} />
          </div>
          <fieldset class="field radio-group" aria-describedby={errors.position ? `${positionId}-error` : undefined}>
            <legend>Position</legend>
            {POSITIONS.map((p) => (
              <label key={p.value}>
                <input
                  type="radio"
                  name={positionId}
                  value={p.value}
                  checked={value.position === p.value}
                  onChange={() => set('position', p.value)}
                />
                {p.label}
              </label>
            ))}
            <FieldError id={positionId} error={errors.position} />
          </fieldset>
        </div>
        <LauncherPreview color={value.color} position={value.position} />
      </div>
      <Field
        id={`${id}-chat-title`}
        label="Title"
        hint={`At the top of the chat panel; up to ${TITLE_MAX} characters.`}
        value={value.title}
        onInput={(v) => set('title', v)}
        error={errors.title}
        autoComplete="off"
      />
      <TextAreaField
        id={`${id}-greeting`}
        label="Greeting"
        hint={`Shown to visitors before they write; up to ${GREETING_MAX} characters. Empty: no greeting.`}
        rows={2}
        value={value.greeting}
        onInput={(v) => set('greeting', v)}
        error={errors.greeting}
      />
      <SelectField<WidgetLanguage>
        id={`${id}-language`}
        label="Language"
        hint="Of the widget's own texts (buttons, notices)."
        value={value.language}
        options={LANGUAGES}
        onChange={(v) => set('language', v)}
        error={errors.language}
      />
    </fieldset>
  );
}

/** A miniature website corner with the chat button in the chosen colour and corner. */
export function LauncherPreview({ color, position }: Pick<WidgetAppearance, 'color' | 'position'>) {
  const background = isColor(color) ? color.trim().toLowerCase() : DEFAULT_APPEARANCE.color;
  return (
    <figure class="widget-preview">
      <div class="widget-preview-page" data-position={position} aria-hidden="true">
        <span class="widget-preview-launcher" style={{ backgroundColor: background, color: contrastOn(background) }}>
          <svg viewBox="0 0 24 24" width="22" height="22" fill="currentColor" focusable="false">
            <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
          </svg>
        </span>
      </div>
      <figcaption class="field-hint">Preview: the chat button at the {positionName(position).toLowerCase()} of your website.</figcaption>
    </figure>
  );
}
