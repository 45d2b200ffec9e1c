/** The part of pngjs (a dependency of qrcode) the slip test uses to cut a rendered page into slips. */
declare module "pngjs" {
  export class PNG {
    constructor(options: { width: number; height: number });
    width: number;
    height: number;
    data: Buffer;
    static sync: { read(buffer: Buffer): PNG; write(png: PNG): Buffer };
    static bitblt(
      src: PNG,
      dst: PNG,
      srcX: number,
      srcY: number,
      width: number,
      height: number,
      dstX: number,
      dstY: number,
    ): void;
  }
}
