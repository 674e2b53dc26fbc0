// The user's sessions (signed-in devices): list them, sign one out, or all of them.
import { get, del, post } from '../api.js';

export const listSessions = () => get('/users/@me/sessions');
export const endSession = (id) => del(`/users/@me/sessions/${id}`);
export const logoutEverywhere = () => post('/auth/logout-all');
