/** The agent's name and phone number (for SMS notifications), saved with PATCH /me. */
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { updateMe } from '../api/endpoints';
import type { Me } from '../api/types';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { useSubmit } from '../hooks';
import { checkName, checkPhone, normalizePhone } from '../validation';

interface ProfileFormProps {
  me: Me;
  onSaved: (me: Me) => void;
}

interface Errors {
  name?: string | null;
  phone?: string | null;
}

export function ProfileForm({ me, onSaved }: ProfileFormProps) {
  const [name, setName] = useState(me.name);
  const [phone, setPhone] = useState(me.phone ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const nameRef = useRef<HTMLInputElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);

  const focusFirst = (found: Errors) => {
    if (found.name) nameRef.current?.focus();
    else if (found.phone) phoneRef.current?.focus();
  };

  const { saving, error: serverError, status: saved, onSubmit } = useSubmit({
    failure: 'Could not save your profile',
    check: () => {
      const found: Errors = { name: checkName(name), phone: checkPhone(phone) };
      setErrors(found);
      if (!found.name && !found.phone) return true;
      focusFirst(found);
      return false;
    },
    save: async () => {
      const normalized = normalizePhone(phone);
      const updated = await updateMe({ name: name.trim(), phone: normalized }); // "" clears the phone
      setName(updated.name);
      setPhone(updated.phone ?? '');
      onSaved(updated);
      return 'Profile saved.';
    },
    // Per-field errors from the server go next to their fields, not into the alert.
    handle: (err) => {
      const fields = err instanceof ApiError ? err.fields : {};
      const fromServer: Errors = { name: fields.name ?? null, phone: fields.phone ?? null };
      if (!fromServer.name && !fromServer.phone) return false;
      setErrors(fromServer);
      focusFirst(fromServer);
      return true;
    },
  });

  return (
    <form class="stack form-narrow" onSubmit={onSubmit} noValidate aria-labelledby="profile-details">
      <h2 id="profile-details">Your details</h2>
      <p class="muted">Signed in as {me.email}.</p>
      <Alert message={serverError} />
      <Field id="profile-name" label="Name" value={name} onInput={setName} error={errors.name} autoComplete="name" inputRef={nameRef} />
      <Field
        id="profile-phone"
        label="Mobile phone"
        type="tel"
        value={phone}
        onInput={setPhone}
        error={errors.phone}
        hint="For SMS notifications. International form, e.g. +14155550100. Leave empty for none."
        autoComplete="tel"
        inputRef={phoneRef}
      />
      <FormActions saving={saving} label="Save profile" status={saved} />
    </form>
  );
}
