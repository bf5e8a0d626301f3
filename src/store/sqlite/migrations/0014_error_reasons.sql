-- The stable reason and parameters of a stored error (core/error.h PackReason), beside
-- its English text, so the desk says a failed delivery and a channel's health in the
-- seller's language (issue 14). '' where the error named none (and on older rows).
ALTER TABLE messages ADD COLUMN last_error_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE channels ADD COLUMN last_error_reason TEXT NOT NULL DEFAULT '';
