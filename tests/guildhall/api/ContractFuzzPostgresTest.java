package guildhall.api;

import guildhall.support.Backend;

/** The same fuzzing on PostgreSQL, which refuses some text (NUL) that SQLite would take. */
class ContractFuzzPostgresTest extends ContractFuzzTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
