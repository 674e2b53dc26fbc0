package guildhall.api;

import guildhall.support.Backend;

/** The same kill -9 durability on PostgreSQL, a fresh database of its own. */
class DurabilityPostgresTest extends DurabilityTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
