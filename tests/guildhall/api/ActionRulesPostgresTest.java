package guildhall.api;

import guildhall.support.Backend;

/** The same action rules on PostgreSQL. */
class ActionRulesPostgresTest extends ActionRulesTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
