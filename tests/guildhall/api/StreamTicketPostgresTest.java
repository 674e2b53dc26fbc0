package guildhall.api;

import guildhall.support.Backend;

/** The same stream tickets with PostgreSQL behind the server. */
class StreamTicketPostgresTest extends StreamTicketTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
