package guildhall.api;

import guildhall.support.Backend;

/** The same meters with the store on PostgreSQL (its own pool and commit path). */
class MetricsPostgresTest extends MetricsTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
