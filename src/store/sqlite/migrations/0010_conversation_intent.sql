-- What the customer wants, in the words of saved replies' intents (issue 6: the inbox
-- filters by it). '' until set.
ALTER TABLE conversations ADD COLUMN intent TEXT NOT NULL DEFAULT '';
