/** Copies a text to the clipboard and says so in a live region. */
import type { TargetedFocusEvent } from 'preact';
import { useState } from 'preact/hooks';

/** Selects a read-only field's whole text when it gets the focus, ready to copy by hand. */
export function selectAll(event: TargetedFocusEvent<HTMLInputElement | HTMLTextAreaElement>): void {
  event.currentTarget.select();
}

interface CopyButtonProps {
  text: string;
  /** The button's text, e.g. "Copy snippet". */
  label?: string;
}

export function CopyButton({ text, label = 'Copy' }: CopyButtonProps) {
  const [status, setStatus] = useState<string | null>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setStatus('Copied.');
    } catch {
      setStatus('Could not copy: select the text and copy it.');
    }
  };
  return (
    <span class="copy">
      <button type="button" class="button" onClick={() => void copy()}>
        {label}
      </button>
      <span class="copy-status" role="status">
        {status}
      </span>
    </span>
  );
}
