/** The centred card used by the pages shown before signing in. */
import type { ComponentChildren } from 'preact';

export function AuthLayout({ children }: { children: ComponentChildren }) {
  return (
    <div class="auth-page">
      <main class="auth-card">
        <p class="brand" aria-hidden="true">
          <span class="brand-mark">◆</span> Livechat
        </p>
        {children}
      </main>
    </div>
  );
}
