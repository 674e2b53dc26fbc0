package guildhall.api;

import guildhall.support.Backend;

/** The same model on PostgreSQL, whose snapshot is a REPEATABLE READ transaction rather than SQLite's WAL snapshot. */
class AudienceModelPostgresTest extends AudienceModelTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
