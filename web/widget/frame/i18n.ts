/**
 * The frame's words in the widget's six languages (config.widget.language),
 * English for anything else. `{name}`-style placeholders are filled by {@link fill}.
 */
import type { Language } from './types';

const en = {
  loading: 'Loading…',
  minimise: 'Minimise chat',
  message: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  attach: 'Attach a file',
  sendFirst: 'Send a message first, then you can attach files.',
  fileType: "Files of type {ext} can't be sent. Allowed: {list}.",
  fileSize: 'This file is larger than {size}.',
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not sent',
  retry: 'Retry',
  you: 'You',
  agent: 'Agent',
  offline: "We're offline — leave a message and we'll get back to you.",
  opensAt: 'We open {time}.',
  afterHours: "We're closed; we open {time}. Leave your message and we'll answer then.",
  closed: "We're closed right now. Leave your message and we'll answer as soon as we can.",
  queue: 'You are number {n} in the queue.',
  waiting: 'Waiting for an agent…',
  joined: '{name} joined the chat',
  ended: 'The chat has ended.',
  newChat: 'Start a new chat',
  keepWaiting: 'Keep waiting',
  another: 'Talk to another agent',
  prompt: "Your agent isn't answering right now. Would you like to keep waiting or talk to another agent?",
  blocked: "You can't start a chat here. If you think this is a mistake, contact the website owner by another channel.",
  typing: '{name} is typing…',
  noNetwork: "You're offline. Your messages will be sent when you're back.",
  loadFailed: "The chat couldn't be loaded.",
  dismiss: 'Dismiss',
  at: 'at {time}',
};

export type Strings = typeof en;

const fr: Strings = {
  loading: 'Chargement…',
  minimise: 'Réduire le chat',
  message: 'Message',
  placeholder: 'Écrivez un message…',
  send: 'Envoyer',
  attach: 'Joindre un fichier',
  sendFirst: "Envoyez d'abord un message, puis vous pourrez joindre des fichiers.",
  fileType: 'Les fichiers {ext} ne peuvent pas être envoyés. Autorisés : {list}.',
  fileSize: 'Ce fichier dépasse {size}.',
  sending: 'Envoi…',
  sent: 'Envoyé',
  delivered: 'Distribué',
  read: 'Lu',
  failed: 'Non envoyé',
  retry: 'Réessayer',
  you: 'Vous',
  agent: 'Conseiller',
  offline: 'Nous sommes absents — laissez un message, nous vous répondrons.',
  opensAt: 'Nous ouvrons {time}.',
  afterHours: 'Nous sommes fermés ; nous ouvrons {time}. Laissez votre message, nous vous répondrons alors.',
  closed: 'Nous sommes fermés pour le moment. Laissez votre message, nous vous répondrons dès que possible.',
  queue: "Vous êtes numéro {n} dans la file d'attente.",
  waiting: "En attente d'un conseiller…",
  joined: '{name} a rejoint la conversation',
  ended: 'La conversation est terminée.',
  newChat: 'Démarrer une nouvelle conversation',
  keepWaiting: 'Continuer à attendre',
  another: 'Parler à un autre conseiller',
  prompt: 'Votre conseiller ne répond pas pour le moment. Voulez-vous continuer à attendre ou parler à un autre conseiller ?',
  blocked:
    "Vous ne pouvez pas démarrer de conversation ici. S'il s'agit d'une erreur, contactez le propriétaire du site par un autre moyen.",
  typing: '{name} écrit…',
  noNetwork: 'Vous êtes hors ligne. Vos messages partiront dès votre retour.',
  loadFailed: "Le chat n'a pas pu être chargé.",
  dismiss: 'Fermer',
  at: 'à {time}',
};

const de: Strings = {
  loading: 'Wird geladen…',
  minimise: 'Chat minimieren',
  message: 'Nachricht',
  placeholder: 'Nachricht schreiben…',
  send: 'Senden',
  attach: 'Datei anhängen',
  sendFirst: 'Senden Sie zuerst eine Nachricht, dann können Sie Dateien anhängen.',
  fileType: 'Dateien vom Typ {ext} können nicht gesendet werden. Erlaubt: {list}.',
  fileSize: 'Diese Datei ist größer als {size}.',
  sending: 'Wird gesendet…',
  sent: 'Gesendet',
  delivered: 'Zugestellt',
  read: 'Gelesen',
  failed: 'Nicht gesendet',
  retry: 'Erneut versuchen',
  you: 'Sie',
  agent: 'Mitarbeiter',
  offline: 'Wir sind offline — hinterlassen Sie eine Nachricht, wir melden uns.',
  opensAt: 'Wir öffnen {time}.',
  afterHours: 'Wir haben geschlossen; wir öffnen {time}. Hinterlassen Sie Ihre Nachricht, wir antworten dann.',
  closed: 'Wir haben gerade geschlossen. Hinterlassen Sie Ihre Nachricht, wir antworten so bald wie möglich.',
  queue: 'Sie sind Nummer {n} in der Warteschlange.',
  waiting: 'Warten auf einen Mitarbeiter…',
  joined: '{name} ist dem Chat beigetreten',
  ended: 'Der Chat wurde beendet.',
  newChat: 'Neuen Chat starten',
  keepWaiting: 'Weiter warten',
  another: 'Mit jemand anderem sprechen',
  prompt: 'Ihr Ansprechpartner antwortet gerade nicht. Möchten Sie weiter warten oder mit jemand anderem sprechen?',
  blocked:
    'Sie können hier keinen Chat starten. Wenn Sie das für einen Fehler halten, kontaktieren Sie den Betreiber der Website auf anderem Weg.',
  typing: '{name} schreibt…',
  noNetwork: 'Sie sind offline. Ihre Nachrichten werden gesendet, sobald Sie wieder online sind.',
  loadFailed: 'Der Chat konnte nicht geladen werden.',
  dismiss: 'Schließen',
  at: 'um {time}',
};

const es: Strings = {
  loading: 'Cargando…',
  minimise: 'Minimizar el chat',
  message: 'Mensaje',
  placeholder: 'Escribe un mensaje…',
  send: 'Enviar',
  attach: 'Adjuntar un archivo',
  sendFirst: 'Envía primero un mensaje y luego podrás adjuntar archivos.',
  fileType: 'No se pueden enviar archivos {ext}. Permitidos: {list}.',
  fileSize: 'Este archivo supera {size}.',
  sending: 'Enviando…',
  sent: 'Enviado',
  delivered: 'Entregado',
  read: 'Leído',
  failed: 'No enviado',
  retry: 'Reintentar',
  you: 'Tú',
  agent: 'Agente',
  offline: 'Estamos desconectados: deja un mensaje y te responderemos.',
  opensAt: 'Abrimos {time}.',
  afterHours: 'Estamos cerrados; abrimos {time}. Deja tu mensaje y te responderemos entonces.',
  closed: 'Ahora estamos cerrados. Deja tu mensaje y te responderemos lo antes posible.',
  queue: 'Eres el número {n} en la cola.',
  waiting: 'Esperando a un agente…',
  joined: '{name} se ha unido al chat',
  ended: 'El chat ha terminado.',
  newChat: 'Iniciar un nuevo chat',
  keepWaiting: 'Seguir esperando',
  another: 'Hablar con otro agente',
  prompt: 'Tu agente no responde ahora mismo. ¿Quieres seguir esperando o hablar con otro agente?',
  blocked: 'No puedes iniciar un chat aquí. Si crees que es un error, contacta con el propietario del sitio por otro medio.',
  typing: '{name} está escribiendo…',
  noNetwork: 'Estás sin conexión. Tus mensajes se enviarán cuando vuelvas.',
  loadFailed: 'No se pudo cargar el chat.',
  dismiss: 'Cerrar',
  at: 'a las {time}',
};

const nl: Strings = {
  loading: 'Laden…',
  minimise: 'Chat minimaliseren',
  message: 'Bericht',
  placeholder: 'Schrijf een bericht…',
  send: 'Versturen',
  attach: 'Bestand toevoegen',
  sendFirst: 'Stuur eerst een bericht, daarna kunt u bestanden toevoegen.',
  fileType: 'Bestanden van het type {ext} kunnen niet worden verstuurd. Toegestaan: {list}.',
  fileSize: 'Dit bestand is groter dan {size}.',
  sending: 'Versturen…',
  sent: 'Verstuurd',
  delivered: 'Afgeleverd',
  read: 'Gelezen',
  failed: 'Niet verstuurd',
  retry: 'Opnieuw',
  you: 'U',
  agent: 'Medewerker',
  offline: 'We zijn offline — laat een bericht achter, we nemen contact met u op.',
  opensAt: 'We openen {time}.',
  afterHours: 'We zijn gesloten; we openen {time}. Laat uw bericht achter, we antwoorden dan.',
  closed: 'We zijn nu gesloten. Laat uw bericht achter, we antwoorden zo snel mogelijk.',
  queue: 'U bent nummer {n} in de wachtrij.',
  waiting: 'Wachten op een medewerker…',
  joined: '{name} neemt deel aan de chat',
  ended: 'De chat is beëindigd.',
  newChat: 'Nieuwe chat starten',
  keepWaiting: 'Blijven wachten',
  another: 'Met een andere medewerker praten',
  prompt: 'Uw medewerker reageert nu niet. Wilt u blijven wachten of met een andere medewerker praten?',
  blocked: 'U kunt hier geen chat starten. Denkt u dat dit een vergissing is, neem dan op een andere manier contact op met de eigenaar van de website.',
  typing: '{name} typt…',
  noNetwork: 'U bent offline. Uw berichten worden verstuurd zodra u weer online bent.',
  loadFailed: 'De chat kon niet worden geladen.',
  dismiss: 'Sluiten',
  at: 'om {time}',
};

const pt: Strings = {
  loading: 'A carregar…',
  minimise: 'Minimizar o chat',
  message: 'Mensagem',
  placeholder: 'Escreva uma mensagem…',
  send: 'Enviar',
  attach: 'Anexar um ficheiro',
  sendFirst: 'Envie primeiro uma mensagem; depois pode anexar ficheiros.',
  fileType: 'Não é possível enviar ficheiros {ext}. Permitidos: {list}.',
  fileSize: 'Este ficheiro excede {size}.',
  sending: 'A enviar…',
  sent: 'Enviada',
  delivered: 'Entregue',
  read: 'Lida',
  failed: 'Não enviada',
  retry: 'Tentar de novo',
  you: 'Você',
  agent: 'Agente',
  offline: 'Estamos offline — deixe uma mensagem e responderemos.',
  opensAt: 'Abrimos {time}.',
  afterHours: 'Estamos fechados; abrimos {time}. Deixe a sua mensagem e responderemos nessa altura.',
  closed: 'Estamos fechados neste momento. Deixe a sua mensagem e responderemos assim que possível.',
  queue: 'É o número {n} na fila.',
  waiting: 'À espera de um agente…',
  joined: '{name} entrou no chat',
  ended: 'O chat terminou.',
  newChat: 'Iniciar um novo chat',
  keepWaiting: 'Continuar à espera',
  another: 'Falar com outro agente',
  prompt: 'O seu agente não está a responder. Quer continuar à espera ou falar com outro agente?',
  blocked: 'Não pode iniciar um chat aqui. Se acha que é um erro, contacte o dono do site por outro meio.',
  typing: '{name} está a escrever…',
  noNetwork: 'Está offline. As suas mensagens serão enviadas quando voltar.',
  loadFailed: 'Não foi possível carregar o chat.',
  dismiss: 'Fechar',
  at: 'às {time}',
};

const TABLES: Record<Language, Strings> = { en, fr, de, es, nl, pt };

/** The language to use for a configured value (English when unknown). */
export function languageOf(value: unknown): Language {
  return typeof value === 'string' && value in TABLES ? (value as Language) : 'en';
}

/** The words of a language. */
export function strings(language: Language): Strings {
  return TABLES[language];
}

/** Replaces `{name}` placeholders. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * When the team opens, for "We open {time}": the time ("at 09:00") when it is
 * today, else the weekday and time ("Monday 09:00"); null for a missing or bad date.
 */
export function formatOpening(iso: string | null | undefined, language: Language, now: Date = new Date()): string | null {
  if (!iso) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const time = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }).format(at);
  if (at.toDateString() === now.toDateString()) return fill(TABLES[language].at, { time });
  const far = at.getTime() - now.getTime() > 6 * 86_400_000;
  return new Intl.DateTimeFormat(language, {
    weekday: 'long',
    ...(far ? { day: 'numeric', month: 'long' } : {}),
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}
