#pragma once

#include <utility>
#include <vector>

#include "core/result.h"
#include "core/sla_clock.h"

namespace shopdesk::store {

// Response clocks and their event log (issue 5).
class SlaClockRepo {
 public:
  virtual ~SlaClockRepo() = default;
  // Running and paused clocks of a conversation, oldest first.
  virtual Result<std::vector<SlaClock>> UnfinishedClocks(ShopId shop,
                                                         ConversationId conversation) = 0;
  // Every clock of a conversation, oldest first.
  virtual Result<std::vector<SlaClock>> ListClocks(ShopId shop, ConversationId conversation) = 0;
  // Inserts clocks with id 0 and writes the others back. Neither waits for the
  // database (Statement::Defer): a new clock's id is not read back (list the clocks to
  // see it), and a clock that is not there fails the transaction with NotFound.
  virtual Status SaveClocks(const std::vector<SlaClock>& clocks) = 0;
  // Only due_at and alert_at of running clocks, many at once (after a calendar change).
  virtual Status SaveDueTimes(ShopId shop, const std::vector<SlaClock>& clocks) = 0;
  virtual Status AppendEvents(const std::vector<SlaEvent>& events) = 0;
  virtual Result<std::vector<SlaEvent>> ListEvents(ShopId shop, ConversationId conversation) = 0;
  // The clocks of a conversation that reply `reply` answered or is to answer (any
  // state), oldest first: those a failed delivery runs again.
  virtual Result<std::vector<SlaClock>> ClocksAnsweredBy(ShopId shop, ConversationId conversation,
                                                         MessageId reply) = 0;
  // Whether a person has answered the conversation before (a fulfilled clock): the next
  // message is then owed a next response rather than a first one.
  virtual Result<bool> HasFulfilledClock(ShopId shop, ConversationId conversation) = 0;

  // In every shop: the conversations with a clock whose alert_at <= now, soonest
  // first, claimed for this worker (see Connection::ClaimRowsClause).
  virtual Result<std::vector<std::pair<ShopId, ConversationId>>> DueForAlerts(Timestamp now,
                                                                              int limit) = 0;
  // Running business-time clocks of a shop with id > after, by id.
  virtual Result<std::vector<SlaClock>> RunningBusinessClocks(ShopId shop, SlaClockId after,
                                                              int limit) = 0;
  // Sets each listed conversation's due_at to its earliest running clock (NULL when
  // none runs).
  virtual Status RefreshConversationDue(ShopId shop,
                                        const std::vector<ConversationId>& conversations) = 0;
};

}  // namespace shopdesk::store
