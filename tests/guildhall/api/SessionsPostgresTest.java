package guildhall.api;

import guildhall.support.Backend;

/** The same sessions on PostgreSQL. */
class SessionsPostgresTest extends SessionsTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
