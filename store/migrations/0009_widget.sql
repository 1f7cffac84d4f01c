-- The customer widget: its appearance per widget, and what the visitor is
-- shown about their chat (the unresponsive-agent prompt awaiting an answer).
ALTER TABLE widgets
    ADD COLUMN color    text NOT NULL DEFAULT '#2563eb' CHECK (color ~ '^#[0-9a-f]{6}$'),
    ADD COLUMN title    text NOT NULL DEFAULT 'Chat with us' CHECK (length(title) BETWEEN 1 AND 60),
    ADD COLUMN greeting text NOT NULL DEFAULT 'Hi! How can we help you today?' CHECK (length(greeting) <= 500),
    ADD COLUMN position text NOT NULL DEFAULT 'right' CHECK (position IN ('right', 'left')),
    ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr', 'de', 'es', 'nl', 'pt'));

-- Set while the prompt strategy's question waits for the visitor; cleared by
-- their answer and by every queue, assignment or end.
ALTER TABLE chats ADD COLUMN prompt_pending boolean NOT NULL DEFAULT false;
