/** A multipart body as Fastify's inject wants it: form fields plus an optional file (text or bytes). */
export async function multipart(
  fields: Record<string, string>,
  file?: { name: string; content: string | Uint8Array; type?: string },
): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) {
    const bytes = typeof file.content === 'string' ? file.content : new Uint8Array(file.content);
    form.append('file', new Blob([bytes], { type: file.type ?? 'text/csv' }), file.name);
  }
  const request = new Request('http://local/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') as string,
  };
}
