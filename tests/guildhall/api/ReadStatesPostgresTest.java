package guildhall.api;

import guildhall.support.Backend;

/** The same read states and mentions on PostgreSQL. */
class ReadStatesPostgresTest extends ReadStatesTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
