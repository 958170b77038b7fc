import { multipartBody } from './upload-form';

async function sent(form: Parameters<typeof multipartBody>[0]) {
  const body = await multipartBody(form);
  const bytes = Buffer.concat([...body.chunks()]);
  return { body, bytes, boundary: /boundary=(.+)$/.exec(body.contentType)![1] };
}

describe('multipartBody', () => {
  it('sends the fields and the decoded file as Node\'s FormData would, with the length it announced', async () => {
    const file = Buffer.from('\x89PNG not really, but bytes\r\n--', 'latin1');
    const { body, bytes, boundary } = await sent({ fields: { tags: 'a,b', name: 'été' }, file: { filename: 'say "hi"\n.png', base64: file.toString('base64') } });
    expect(body.length).toBe(bytes.length);

    const expected = new FormData();
    expected.append('tags', 'a,b');
    expected.append('name', 'été');
    expected.append('file', new Blob([file]), 'say "hi"\n.png');
    const encoder = new Request('http://localhost/', { method: 'POST', body: expected });
    const referenceBoundary = /boundary=(.+)$/.exec(encoder.headers.get('content-type')!)![1];
    const reference = Buffer.from(await encoder.arrayBuffer());
    expect(bytes.toString('latin1').split(boundary).join('B')).toBe(reference.toString('latin1').split(referenceBoundary).join('B'));
  });

  it('sends file bytes as given, and a form without a file as its fields only', async () => {
    const withBytes = await sent({ fields: {}, file: { filename: 'x.bin', bytes: Buffer.from([0, 1, 2]) } });
    expect(withBytes.body.length).toBe(withBytes.bytes.length);
    expect(withBytes.bytes.includes(Buffer.from([0, 1, 2, 13, 10, 45, 45]))).toBe(true);

    const fieldsOnly = await sent({ fields: { name: 'n' } });
    expect(fieldsOnly.bytes.toString()).toBe(`--${fieldsOnly.boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nn\r\n--${fieldsOnly.boundary}--\r\n`);
  });
});
