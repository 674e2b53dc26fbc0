package guildhall.api;

import guildhall.support.Backend;

/** The replay rule's cases on PostgreSQL. */
class ReplayRulePostgresTest extends ReplayRuleTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
