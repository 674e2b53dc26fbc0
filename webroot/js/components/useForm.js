// Shared submit plumbing for dialogs: busy flag, API error message, and the field it blames.
import { useState } from 'preact/hooks';

export default function useForm() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  async function run(fn) {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(e.field ? `${e.field}: ${e.message}` : e.message);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
