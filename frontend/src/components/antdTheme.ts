// antd's sizes, from the reader's own text size. antd's theme takes px numbers (`fontSize: 14`),
// which would pin the text whatever the browser's or the phone's font setting says: the root's
// computed font size (16 px unless the reader changed it; styles.css sets none) scales them,
// as the plain screens' rem do. On a phone every control is a thumb's size (44 px), in
// 长辈模式 48 px, with text of 18 px (key actions, the buttons, 20 px) and colours at WCAG
// AAA's 7:1 against white. A screen made for phones first (志愿服务) asks for larger body text
// (`text`), which 长辈模式 still raises.
import type { ThemeConfig } from 'antd';

/** The root element's font size in px: the reader's text size (16 unless set otherwise). */
export function rootFontSize(): number {
  if (typeof window === 'undefined') return 16;
  const px = parseFloat(window.getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(px) && px > 0 ? px : 16;
}

/** The smallest side of anything tapped: WCAG 2.5.5 (AAA) asks 44 px; 长辈模式 48. */
export const TOUCH_TARGET = 44;
export const ELDER_TARGET = 48;

/**
 * Text and links 7:1 against white (WCAG AAA) for 长辈模式. A phone keeps a tapped button's
 * hover colour, so that is 7:1 too; and antd would tint the alerts' backgrounds from these
 * dark seeds into a grey that dark text reads at 6:1, so they are given as antd's light ones.
 */
export const ELDER_COLOURS = {
  colorPrimary: '#a8071a',
  colorPrimaryHover: '#820014',
  colorPrimaryActive: '#5c0011',
  colorText: 'rgba(0, 0, 0, 0.92)',
  colorTextSecondary: '#404040',
  colorTextTertiary: '#404040',
  colorTextDescription: '#404040',
  colorTextPlaceholder: '#595959',
  colorTextHeading: 'rgba(0, 0, 0, 0.92)',
  colorTextLabel: '#404040',
  colorLink: '#003eb3',
  colorLinkHover: '#002c8c',
  colorError: '#a8071a',
  colorSuccess: '#135200',
  colorSuccessBg: '#f6ffed',
  colorSuccessBorder: '#b7eb8f',
  colorWarning: '#613400',
  colorWarningBg: '#fffbe6',
  colorWarningBorder: '#ffe58f',
  colorErrorBg: '#fff1f0',
  colorErrorBorder: '#ffa39e',
  colorInfo: '#003eb3',
  colorInfoBg: '#e6f4ff',
  colorInfoBorder: '#91caff',
};

export function antdTheme({
  root,
  elder,
  phone,
  text = 14,
}: {
  root: number;
  elder: boolean;
  phone: boolean;
  /** Body text in px at a 16 px root outside 长辈模式: antd's 14 unless a screen asks more. */
  text?: number;
}): Pick<ThemeConfig, 'token' | 'components'> {
  const scale = root / 16;
  const fontSize = Math.round((elder ? Math.max(18, text) : text) * scale);
  const touch = elder || phone;
  const target = elder ? ELDER_TARGET : TOUCH_TARGET;
  // At least the target, and never less than antd's 32 px keeps for 14 px text.
  const controlHeight = Math.max(touch ? target : 32, Math.round((fontSize * 32) / 14));
  if (!touch) return { token: { fontSize, controlHeight } };
  const keyAction = Math.round((elder ? Math.max(20, text) : text) * scale);
  return {
    token: {
      fontSize,
      controlHeight,
      // The small and large forms of a control are thumb-sized too.
      controlHeightSM: controlHeight,
      controlHeightLG: Math.max(controlHeight, Math.round(controlHeight * 1.15)),
      controlInteractiveSize: elder ? 24 : 20,
      // No smaller text in 长辈模式 (tags, counters, captions take antd's "SM" size).
      ...(elder ? { ...ELDER_COLOURS, fontSizeSM: fontSize } : {}),
    },
    components: {
      Button: { contentFontSize: keyAction, contentFontSizeSM: keyAction, contentFontSizeLG: Math.max(keyAction, Math.round(16 * scale)) },
      Switch: { trackHeight: controlHeight, trackMinWidth: Math.round(controlHeight * 1.8), handleSize: controlHeight - 6, innerMaxMargin: controlHeight, innerMinMargin: Math.round(controlHeight / 4) },
      Tabs: { horizontalItemPadding: `${Math.round((controlHeight - fontSize * 1.5715) / 2)}px 0`, titleFontSize: fontSize },
      Rate: { starSize: target, starSizeSM: target },
      Tag: elder ? { defaultColor: ELDER_COLOURS.colorText } : {},
      Pagination: { itemSize: controlHeight, itemSizeSM: controlHeight },
      Menu: { itemHeight: controlHeight },
    },
  };
}
