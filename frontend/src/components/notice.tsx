// A short notice that outlives the screen that raised it: antd's own message holder, in the
// brand's theme, for a redirect that may land outside antd's frame (the public board).
// Imported on demand, so the board's first load carries no antd.
import { ConfigProvider, message } from 'antd';

import { PRIMARY } from './AntdFrame';

ConfigProvider.config({
  holderRender: (children) => <ConfigProvider theme={{ token: { colorPrimary: PRIMARY } }}>{children}</ConfigProvider>,
});

/** Says `text` once, however often it is asked at once (a redirect may render twice). */
export function warn(key: string, text: string) {
  void message.warning({ key, content: text });
}
