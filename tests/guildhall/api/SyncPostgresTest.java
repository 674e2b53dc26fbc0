package guildhall.api;

import guildhall.support.Backend;

/** The same sync guarantees on PostgreSQL. */
class SyncPostgresTest extends SyncTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
