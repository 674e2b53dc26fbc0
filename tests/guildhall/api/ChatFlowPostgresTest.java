package guildhall.api;

import guildhall.support.Backend;

/** The same story on PostgreSQL. */
class ChatFlowPostgresTest extends ChatFlowTest {
  @Override
  protected Backend backend() {
    return Backend.POSTGRES;
  }
}
