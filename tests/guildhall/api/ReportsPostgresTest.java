package guildhall.api;

import guildhall.support.Backend;

/** The same reports and moderation queue on PostgreSQL. */
class ReportsPostgresTest extends ReportsTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
