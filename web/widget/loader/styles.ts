/**
 * The loader's markup pieces and stylesheet. They live in the host element's
 * shadow root, so the host page's CSS cannot reach them and they cannot leak.
 */

export const ICON_CHAT =
  '<svg class="i-chat" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 4h12a3 3 0 0 1 3 3v8a3 3 0 0 1-3 3h-7l-5 4v-4.2A3 3 0 0 1 3 15V7a3 3 0 0 1 3-3z"/></svg>';

export const ICON_CLOSE =
  '<svg class="i-close" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M5.6 8.2 12 14.6l6.4-6.4 1.4 1.4-7.8 7.8-7.8-7.8z"/></svg>';

// 56 px launcher 20 px from the corner; the panel sits 16 px above it. Under
// 480 px wide the panel takes the whole viewport and the launcher hides while
// it is open (the frame's header has the minimise button).
export const STYLES = `
:host{all:initial}
*{box-sizing:border-box}
.launcher{all:initial;position:fixed;bottom:20px;right:20px;width:56px;height:56px;border-radius:50%;cursor:pointer;display:flex;align-items:center;justify-content:center;box-shadow:0 4px 14px rgba(0,0,0,.28);transition:transform .15s ease}
.launcher.left{right:auto;left:20px}
.launcher:hover{transform:scale(1.06)}
.launcher:focus{outline:none}
.launcher:focus-visible{box-shadow:0 0 0 3px #fff,0 0 0 6px #111827}
svg{width:28px;height:28px;fill:currentColor;display:block}
.i-close,.open .i-chat{display:none}
.open .i-close{display:block}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#c81e1e;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center;box-shadow:0 0 0 2px #fff}
.badge[hidden]{display:none}
.panel{all:initial;position:fixed;bottom:92px;right:20px;width:380px;height:600px;max-width:calc(100vw - 40px);max-height:calc(100vh - 112px);border:0;border-radius:12px;background:#fff;color-scheme:light;box-shadow:0 8px 32px rgba(0,0,0,.28);overflow:hidden;display:block;opacity:0;visibility:hidden;transform:translateY(12px);pointer-events:none;transition:opacity .2s ease,transform .2s ease,visibility 0s linear .2s}
.panel.left{right:auto;left:20px}
.panel.open{opacity:1;visibility:visible;transform:none;pointer-events:auto;transition:opacity .2s ease,transform .2s ease}
@media (max-width:479px){
.panel,.panel.left{inset:0;width:100%;height:100%;max-width:none;max-height:none;border-radius:0}
.launcher.open{display:none}
}
@media (prefers-reduced-motion:reduce){.launcher,.panel,.panel.open{transition:none}.launcher:hover{transform:none}}
`;
