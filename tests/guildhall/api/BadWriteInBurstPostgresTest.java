package guildhall.api;

import guildhall.support.Backend;

/** The same burst on PostgreSQL, which refuses NUL in text outright. */
class BadWriteInBurstPostgresTest extends BadWriteInBurstTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
