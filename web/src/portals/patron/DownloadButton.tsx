import Button, { type ButtonProps } from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useSession } from '../../session/SessionProvider.tsx';

/**
 * Downloads a file from the API with the session, and says why when the server refuses (a link
 * would save the refusal's JSON as if it were the file).
 */
export function DownloadButton({ path, fallbackName, children, ...props }: { path: string; fallbackName: string } & Omit<ButtonProps, 'onClick' | 'href'>) {
  const { client } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const { blob, filename } = await client.download(path);
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = filename ?? fallbackName;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
      <Button {...props} onClick={() => void download()} disabled={busy || props.disabled}>
        {children}
      </Button>
      <ErrorAlert error={error} />
    </Stack>
  );
}
