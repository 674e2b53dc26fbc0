package guildhall.api;

import guildhall.support.Backend;

/** The same DMs and group DMs on PostgreSQL. */
class DirectMessagesPostgresTest extends DirectMessagesTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
