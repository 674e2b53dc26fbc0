// Shared submit plumbing for dialogs: busy flag, and the API's error message, which names the field
// and what is wrong with it ("name must be at most 100 characters"); the field alone is kept as errorField.
import { useState } from 'preact/hooks';

export default function useForm() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [errorField, setErrorField] = useState(null);
  async function run(fn) {
    setBusy(true);
    setError(null);
    setErrorField(null);
    try {
      return await fn();
    } catch (e) {
      setError(e.message);
      setErrorField(e.field || null);
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, errorField, setError, run };
}
