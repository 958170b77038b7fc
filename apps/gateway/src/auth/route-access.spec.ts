import { Reflector } from '@nestjs/core';
import { Ability, declaredAccess, Public } from './route-access';

describe('route access declarations', () => {
  it('takes the method’s declaration over its controller’s', () => {
    @Ability('read')
    class Routes {
      @Public()
      open(): void {}

      keyed(): void {}
    }
    const reflector = new Reflector();
    expect(declaredAccess(reflector, Routes.prototype.open, Routes)).toEqual({ kind: 'public', identifiesCaller: false });
    expect(declaredAccess(reflector, Routes.prototype.keyed, Routes)).toEqual({ kind: 'key', ability: 'read', anonymous: false });
  });

  it('refuses a route that declares its access twice', () => {
    expect(() => {
      class Routes {
        @Public()
        @Ability('write')
        both(): void {}
      }
      return Routes;
    }).toThrow('Routes.both declares its access twice');
  });
});
