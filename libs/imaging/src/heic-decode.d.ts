declare module 'heic-decode' {
  interface DecodedHeicImage {
    width: number;
    height: number;
    /** RGBA, 4 bytes per pixel. */
    data: Uint8ClampedArray;
  }

  interface HeicImageHandle {
    width: number;
    height: number;
    decode(): Promise<DecodedHeicImage>;
  }

  type HeicImageHandles = HeicImageHandle[] & { dispose(): void };

  function decodeHeic(input: { buffer: Uint8Array }): Promise<DecodedHeicImage>;
  namespace decodeHeic {
    function all(input: { buffer: Uint8Array }): Promise<HeicImageHandles>;
  }

  export = decodeHeic;
}
