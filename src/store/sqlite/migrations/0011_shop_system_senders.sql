-- The shop's own system senders (issue 13): addresses, @domains or local@ parts whose
-- mail is never a customer's, one per line. '' for none.
ALTER TABLE shops ADD COLUMN system_senders TEXT NOT NULL DEFAULT '';
