package guildhall.api;

import guildhall.support.Backend;

/** The same cascades on PostgreSQL. */
class CascadePostgresTest extends CascadeTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
