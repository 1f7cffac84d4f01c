/**
 * The loader's few words, in the widget's six languages: the launcher's label
 * when closed and open, and the unread count (singular, plural).
 */
type Words = [open: string, close: string, unreadOne: string, unreadMany: string];

const WORDS: Record<string, Words> = {
  en: ['Open chat', 'Close chat', 'unread message', 'unread messages'],
  fr: ['Ouvrir le chat', 'Fermer le chat', 'message non lu', 'messages non lus'],
  de: ['Chat öffnen', 'Chat schließen', 'ungelesene Nachricht', 'ungelesene Nachrichten'],
  es: ['Abrir el chat', 'Cerrar el chat', 'mensaje sin leer', 'mensajes sin leer'],
  nl: ['Chat openen', 'Chat sluiten', 'ongelezen bericht', 'ongelezen berichten'],
  pt: ['Abrir o chat', 'Fechar o chat', 'mensagem não lida', 'mensagens não lidas'],
};

/** The launcher's accessible name: "Open chat, 2 unread messages" (English when the language is unknown). */
export function launcherLabel(language: string, open: boolean, unread: number): string {
  const lang = WORDS[language] ? language : 'en';
  const w = WORDS[lang];
  let label = open ? w[1] : w[0];
  if (unread > 0) {
    let one = unread === 1;
    try {
      one = new Intl.PluralRules(lang).select(unread) === 'one';
    } catch {
      // Old browser: 1 is singular.
    }
    label += `, ${unread} ${one ? w[2] : w[3]}`;
  }
  return label;
}
