package guildhall.api;

import guildhall.support.Backend;

/** The same roles and moderation on PostgreSQL. */
class RolesAndModerationPostgresTest extends RolesAndModerationTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
