package guildhall.api;

import guildhall.support.Backend;

/** The same notification settings on PostgreSQL. */
class NotificationSettingsPostgresTest extends NotificationSettingsTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
