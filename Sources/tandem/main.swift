import TandemContent
print(libyamlProbe())
