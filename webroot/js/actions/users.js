// The signed-in user: log in and out, profile and password, presence.
import { get, post, patch, put } from '../api.js';

export const login = (username, password) => post('/auth/login', password ? { username, password } : { username });
export const logout = () => post('/auth/logout').catch(() => {});
// What signing in asks for: { require_password }. Read before the first login; no token needed.
export const authConfig = () => get('/auth/config').catch(() => ({ require_password: false }));

export async function updateMe(dispatch, body) {
  const user = await patch('/users/@me', body);
  dispatch('USER_UPDATE', user);
  return user;
}

export async function setPresence(dispatch, body) {
  const presence = await put('/users/@me/presence', body);
  dispatch('USER_SETTINGS_UPDATE', presence);
  return presence;
}
