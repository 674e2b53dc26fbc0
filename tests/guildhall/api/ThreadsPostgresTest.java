package guildhall.api;

import guildhall.support.Backend;

/** The same threads on PostgreSQL. */
class ThreadsPostgresTest extends ThreadsTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
